"""Publishing the report: editions, the evidence changelog, the site folder and its checks."""
