"""What the learners app plugs into the shared surfaces (menu, dashboard, indicators, demo)."""
