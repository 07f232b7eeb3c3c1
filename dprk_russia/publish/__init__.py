"""Publishing: the build (never stale, never half-done), checked web assets, the Sphinx
extension and per-output escaping; editions, the evidence changelog, the site folder and the
link check."""
