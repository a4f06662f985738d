"""The demo portfolio behind `hexad demo`: realistic, deterministic data to try Hexad with."""
