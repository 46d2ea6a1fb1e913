# The archive's version: one number that changes when, and only when, a transaction that wrote
# anything readers can see commits. Cached pages are keyed by it (portal/ops/page_cache.py).
#
# Two steps, so that concurrent writers never wait for each other:
#   1. a statement-level trigger on every table of the archive and the knowledge base
#      (installed by articles.services.archive_version after each migrate, so a table added later
#      is covered too) notes the writing transaction once, in articles_archive_change;
#   2. a deferred constraint trigger on that note runs at COMMIT: it takes the next number of a
#      sequence into the one-row articles_archive_version and deletes the note.
# The version's row is therefore locked only for the instant of a commit, and a reader sees the new
# number exactly when it sees the data: in the same commit. A sequence (not version + 1) so that a
# number is never reused, not even after the tables are emptied.

from django.db import migrations

SQL = """
CREATE SEQUENCE articles_archive_version_seq;

CREATE TABLE articles_archive_version (
    id smallint PRIMARY KEY CHECK (id = 1),
    version bigint NOT NULL,
    changed_at timestamptz NOT NULL
);
INSERT INTO articles_archive_version VALUES (1, nextval('articles_archive_version_seq'), now());

CREATE TABLE articles_archive_change (txid bigint PRIMARY KEY);

CREATE FUNCTION articles_archive_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Once per transaction: later statements find the transaction-local setting already made.
    IF current_setting('articles.archive_changed', true) IS DISTINCT FROM txid_current()::text THEN
        PERFORM set_config('articles.archive_changed', txid_current()::text, true);
        INSERT INTO articles_archive_change VALUES (txid_current()) ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION articles_archive_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE articles_archive_version
       SET version = nextval('articles_archive_version_seq'), changed_at = clock_timestamp()
     WHERE id = 1;
    DELETE FROM articles_archive_change WHERE txid = NEW.txid;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER articles_archive_version_bump
    AFTER INSERT ON articles_archive_change
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION articles_archive_version_bump();
"""

REVERSE = """
DROP TABLE articles_archive_change;
DROP TABLE articles_archive_version;
DROP SEQUENCE articles_archive_version_seq;
DROP FUNCTION articles_archive_version_bump() CASCADE;
DROP FUNCTION articles_archive_changed() CASCADE;
"""


class Migration(migrations.Migration):
    dependencies = [("articles", "0018_bigkinds_streaming"), ("policy", "0005_entity_context_terms")]

    operations = [migrations.RunSQL(SQL, REVERSE)]
