"""What the admissions app plugs into the shared surfaces (menu, dashboard, indicators, demo)."""
