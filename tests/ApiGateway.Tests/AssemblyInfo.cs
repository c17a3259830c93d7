// Test classes run one at a time: they start multi-silo clusters and PostgreSQL servers, and on a 2-core machine
// running them side by side only makes each slower and their deadlines tighter.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
