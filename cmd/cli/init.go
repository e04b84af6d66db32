package cli

import (
	"bytes"
	"fmt"
	"os"
	"regexp"
	"text/template"

	"github.com/schemagen/schemagen/design/jsonschema"
	"github.com/spf13/cobra"
)

var starterTemplate = template.Must(template.New("starter").Parse(`# yaml-language-server: $schema={{.Schema}}
# {{.Name}}: a schemagen design. Validate it with 'schemagen validate {{.File}}',
# draw it with 'schemagen diagram {{.File}} -o {{.Name}}.svg'.
# The format is described in docs/format.md; 'schemagen explain' lists the rules.
schemagen: 1
name: {{.Name}}
description: What this system does, in one sentence.

# The story, in order: what happens in the real world.
flow:
  - step: A customer places an order
    reads: customers
    creates: orders
    event: orders.placed
  - step: The customer pays
    creates: payments
    event: payments.attempted
  - step: The gateway confirms the charge
    updates: payments
    event: payments.succeeded
  - step: The order is paid
    updates: orders
    event: orders.paid
  - step: The order ships
    updates: orders
    event: orders.shipped

# The things involved. Fields are NOT NULL unless their type ends in '?'.
entities:
  customers:
    description: A person who buys.
    fields:
      id: uuid pk default gen_random_uuid()
      email: text
      name: text
      created_at: timestamptz default now()
    indexes:                     # one account per address, whatever its case
      - { columns: ["(lower(email))"], unique: true }
  orders:
    fields:
      id: uuid pk default gen_random_uuid()
      total_cents: bigint check (total_cents >= 0)
      placed_at: timestamptz default now()
  payments:
    fields:
      id: uuid pk default gen_random_uuid()
      amount_cents: bigint check (amount_cents > 0)
      gateway_reference: text? unique

# How they connect: 1-1, 1-n, or n-n via a junction table.
relationships:
  - customers 1-n orders         # orders.customer_id
  - orders 1-n payments          # payments.order_id

# The states an entity moves through; the database enforces the transitions.
states:
  order_status:
    entity: orders
    initial: placed
    transitions:
      placed: [paid, cancelled]
      paid: [shipped]
    terminal: [shipped, cancelled]
  payment_status:
    entity: payments
    initial: pending
    transitions:
      pending: [succeeded, failed]
      failed: [pending]
    terminal: [succeeded]

# The events worth recording: each entity gets an append-only <singular>_events table.
events:
  orders: [placed, paid, shipped, cancelled]
  payments: [attempted, succeeded, failed]

# What goes wrong, and how the system survives it.
failures:
  - name: payment_declined
    when: The card is declined or the gateway times out.
    entity: payments
    state: failed
    retry: { max_attempts: 3 }
    event: failed
  - name: customer_cancels
    when: The customer cancels before paying.
    entity: orders
    state: cancelled
    event: cancelled
`))

var designName = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

func newInitCmd() *cobra.Command {
	var output, schemaRef string
	var force bool
	cmd := &cobra.Command{
		Use:   "init [NAME]",
		Short: "Write a commented starter design",
		Long: `init writes a small, valid, commented design to NAME.yaml (or -o FILE, or
"-" for stdout) to start from. NAME is lower snake_case; it defaults to
"my_system". An existing file is never overwritten unless --force.

Its first line names the format's JSON Schema for yaml-language-server
(editors complete and check the design as you type, see docs/editors.md);
--schema points it at a local copy written by 'schemagen schema'.`,
		Example: `  schemagen init shop
  schemagen init shop -o -
  schemagen schema -o schemagen.schema.json && schemagen init shop --schema schemagen.schema.json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			name := "my_system"
			if len(args) == 1 {
				name = args[0]
			}
			if !designName.MatchString(name) {
				return usageError(fmt.Errorf("design name %q must be lower snake_case, for example my_shop", name))
			}
			file := output
			if file == "" {
				file = name + ".yaml"
			}
			var buf bytes.Buffer
			if err := starterTemplate.Execute(&buf, map[string]string{"Name": name, "File": file, "Schema": schemaRef}); err != nil {
				return err
			}
			if file == "-" {
				_, err := cmd.OutOrStdout().Write(buf.Bytes())
				return err
			}
			flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
			if force {
				flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
			}
			f, err := os.OpenFile(file, flags, 0o644)
			if err != nil {
				if os.IsExist(err) {
					return usageError(fmt.Errorf("%s already exists (use --force to overwrite)", file))
				}
				return usageError(err)
			}
			if _, err := f.Write(buf.Bytes()); err != nil {
				f.Close()
				return usageError(err)
			}
			if err := f.Close(); err != nil {
				return usageError(err)
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "wrote %s; next: schemagen validate %s\n", file, file)
			return nil
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "", "file to write (\"-\" for stdout)")
	cmd.Flags().BoolVar(&force, "force", false, "overwrite an existing file")
	cmd.Flags().StringVar(&schemaRef, "schema", jsonschema.ID, "the JSON Schema the modeline names: a URL, or a path relative to the design")
	return cmd
}
