"""What the programmes app plugs into the shared surfaces (menu, dashboard, indicators, demo)."""
