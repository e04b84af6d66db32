package design

// RulePartitionKeyNotInUnique is reported for a primary key or unique
// constraint of a partitioned table that does not include the partition key.
var RulePartitionKeyNotInUnique = &Rule{Name: "partition-key-not-in-unique", Severity: Error, Doc: `A primary key or unique constraint of a partitioned table leaves out a column of the partition key.

PostgreSQL enforces a unique constraint of a partitioned table in each
partition on its own, so it accepts one only when it includes every column of
the partition key (and the key has no expressions): otherwise two partitions
could hold the same value. The DDL would fail on the first CREATE TABLE.

Bad:
    payments:
      partition: { by: range, key: [paid_at] }
      fields:
        id: bigint pk
        paid_at: timestamptz
Good:
    payments:
      partition: { by: range, key: [paid_at] }
      fields:
        id: bigint pk
        paid_at: timestamptz pk

Fix: add the partition key's columns to the primary key (or the unique
constraint), or partition by a column the key already has.`}
