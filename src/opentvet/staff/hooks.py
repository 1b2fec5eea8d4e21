"""What the staff app plugs into the shared surfaces (menu, dashboard, indicators, demo)."""
