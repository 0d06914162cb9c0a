"""Services: one module per area. Each public function is one unit of work and returns plain objects."""
