"""What the reporting app plugs into the shared surfaces (menu, dashboard, indicators, demo)."""
