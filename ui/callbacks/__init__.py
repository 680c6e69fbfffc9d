"""The callback queue's screens (回訪): due today and overdue across modules, the call recorded, the tile."""
