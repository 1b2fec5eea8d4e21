"""What the guidance app plugs into the shared surfaces (menu, dashboard, indicators, demo)."""
