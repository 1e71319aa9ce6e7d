"""The calendar of the movement: phases, deadlines, their dates and rules (issue 4)."""
