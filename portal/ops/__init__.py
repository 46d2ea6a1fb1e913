"""Running the portal: the production server's configuration, the embedded PostgreSQL, backups,
read replicas, who the client is, per-client rate limits and the statement timeout. Nothing here is
a page; the site, the API and the admin do not depend on it (except the admin's login throttle,
which needs the client's address)."""
