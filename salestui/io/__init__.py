"""Reading files from outside: the team chat's exports (roll-call), spreadsheets later."""
