"""Load and scale benchmarks (see README, "Benchmarks")."""
