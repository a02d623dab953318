"""The domain: packs, conditions, scoring, rules, grading. Imports neither Qt nor SQL."""
