package importsql

import (
	"fmt"
	"sort"
)

// Group sizes the clustering aims for: a diagram of up to maxGroup tables stays readable.
const (
	maxGroup = 40
	minGroup = 5
)

// assignGroups sets each entity's group: its schema when the tables live in
// several schemas, and within a schema (or the only schema) that has more
// than maxGroup tables, clusters of tables linked by foreign keys.
func (b *builder) assignGroups() {
	var schemas []string
	bySchema := map[string][]*entity{}
	for _, e := range b.entities {
		if _, ok := bySchema[e.t.schema]; !ok {
			schemas = append(schemas, e.t.schema)
		}
		bySchema[e.t.schema] = append(bySchema[e.t.schema], e)
	}
	multi := len(schemas) > 1
	for _, s := range schemas {
		members := bySchema[s]
		if len(members) <= maxGroup {
			if multi {
				for _, e := range members {
					e.group = s
				}
			}
			continue
		}
		for _, cl := range b.clusters(members) {
			label := cl.label
			if multi {
				label = s + ": " + label
			}
			for _, e := range cl.members {
				e.group = label
			}
		}
	}
}

type cluster struct {
	label   string
	members []*entity
}

// clusters splits entities into communities of related tables: a greedy
// modularity optimisation (the local-moving phase of the Louvain method) over the
// foreign-key graph, with communities capped at maxGroup tables, visiting tables
// in file order so that the result is deterministic. Communities smaller than
// minGroup join the neighbour they have most links to, when it has room; tables
// without any link go to a group named "other".
func (b *builder) clusters(members []*entity) []cluster {
	idx := map[*entity]int{}
	for i, e := range members {
		idx[e] = i
	}
	n := len(members)
	adj := make([]map[int]float64, n)
	for i := range adj {
		adj[i] = map[int]float64{}
	}
	var total float64
	for _, r := range b.rels {
		ends := []*entity{r.parent, r.child}
		for _, x := range ends {
			for _, y := range ends {
				i, ok1 := idx[x]
				j, ok2 := idx[y]
				if ok1 && ok2 && i < j {
					adj[i][j]++
					adj[j][i]++
					total++
				}
			}
		}
	}
	deg := make([]float64, n)
	for i := range adj {
		for _, w := range adj[i] {
			deg[i] += w
		}
	}
	comm := make([]int, n)
	size := make([]int, n)
	tot := make([]float64, n) // sum of degrees per community
	for i := range comm {
		comm[i], size[i], tot[i] = i, 1, deg[i]
	}
	neighbours := func(i int) []int {
		out := make([]int, 0, len(adj[i]))
		for j := range adj[i] {
			out = append(out, j)
		}
		sort.Ints(out)
		return out
	}
	if total > 0 {
		m2 := 2 * total
		for pass := 0; pass < 20; pass++ {
			moved := false
			for i := 0; i < n; i++ {
				if deg[i] == 0 {
					continue
				}
				links := map[int]float64{}
				for _, j := range neighbours(i) {
					links[comm[j]] += adj[i][j]
				}
				own := comm[i]
				tot[own] -= deg[i]
				size[own]--
				best, bestGain := own, links[own]-tot[own]*deg[i]/m2
				var cands []int
				for c := range links {
					cands = append(cands, c)
				}
				sort.Ints(cands)
				for _, c := range cands {
					if c == own || size[c] >= maxGroup {
						continue
					}
					if gain := links[c] - tot[c]*deg[i]/m2; gain > bestGain+1e-12 {
						best, bestGain = c, gain
					}
				}
				comm[i] = best
				tot[best] += deg[i]
				size[best]++
				if best != own {
					moved = true
				}
			}
			if !moved {
				break
			}
		}
	}
	// Merge small communities into their best-linked neighbour.
	for changed := true; changed; {
		changed = false
		for c := 0; c < n; c++ {
			if size[c] == 0 || size[c] >= minGroup {
				continue
			}
			links := map[int]float64{}
			for i := 0; i < n; i++ {
				if comm[i] != c {
					continue
				}
				for j, w := range adj[i] {
					if comm[j] != c {
						links[comm[j]] += w
					}
				}
			}
			best, bestW := -1, 0.0
			for d := 0; d < n; d++ {
				if w := links[d]; w > bestW && size[d]+size[c] <= maxGroup {
					best, bestW = d, w
				}
			}
			if best < 0 {
				continue
			}
			for i := 0; i < n; i++ {
				if comm[i] == c {
					comm[i] = best
				}
			}
			size[best] += size[c]
			size[c] = 0
			changed = true
		}
	}
	// Label each community after its best-connected table; unlinked tables go to "other".
	var out []cluster
	pos := map[int]int{}
	var other []*entity
	for i, e := range members {
		if deg[i] == 0 && size[comm[i]] == 1 {
			other = append(other, e)
			continue
		}
		k, ok := pos[comm[i]]
		if !ok {
			k = len(out)
			pos[comm[i]] = k
			out = append(out, cluster{})
		}
		out[k].members = append(out[k].members, e)
	}
	for k := range out {
		best := out[k].members[0]
		bestDeg := -1.0
		for _, e := range out[k].members {
			if d := deg[idx[e]]; d > bestDeg {
				best, bestDeg = e, d
			}
		}
		out[k].label = best.key
	}
	// Unlinked tables, in file order, in as few groups of at most maxGroup as needed.
	parts := (len(other) + maxGroup - 1) / maxGroup
	for k := 0; k < parts; k++ {
		lo, hi := k*len(other)/parts, (k+1)*len(other)/parts
		label := "other"
		if parts > 1 {
			label = fmt.Sprintf("other %d", k+1)
		}
		out = append(out, cluster{label: label, members: other[lo:hi]})
	}
	// Two clusters with the same hub name cannot happen (a table is in one cluster),
	// but a hub named "other" could clash with the leftover group.
	return out
}
