-- What a catalog page without text needs besides catalog_listing (Granary.Silo.ReadModels.PostgresCatalogListingStore):
--   catalog_listing_on_sale: the products on sale in SKU order, read index-only (given the visibility map that
--                            autovacuum keeps), so a deep page skips index entries rather than table rows.
--   catalog_listing_total:   the number of products on sale per service, so a page does not count 100,000 rows. A
--                            trigger keeps it in the transaction of each listing write. The count is spread over 64
--                            slots (the writing backend's), summed when read: concurrent writers rarely meet on one
--                            row lock, and none waits for another's commit on a single counter row.
-- Text searches keep using catalog_listing_search (pg_trgm) from catalog.001.
CREATE INDEX IF NOT EXISTS catalog_listing_on_sale ON catalog_listing (service_id, sku) WHERE NOT discontinued;

CREATE TABLE IF NOT EXISTS catalog_listing_total
(
    service_id varchar(150) NOT NULL,
    slot       smallint     NOT NULL,
    on_sale    bigint       NOT NULL,
    PRIMARY KEY (service_id, slot)
);

CREATE OR REPLACE FUNCTION catalog_listing_count_on_sale() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    -- (OLD is null on INSERT and NEW on DELETE; nested IFs never read a field of either then.)
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        IF NOT OLD.discontinued THEN
            INSERT INTO catalog_listing_total (service_id, slot, on_sale) VALUES (OLD.service_id, pg_backend_pid() % 64, -1)
            ON CONFLICT (service_id, slot) DO UPDATE SET on_sale = catalog_listing_total.on_sale - 1;
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        IF NOT NEW.discontinued THEN
            INSERT INTO catalog_listing_total (service_id, slot, on_sale) VALUES (NEW.service_id, pg_backend_pid() % 64, 1)
            ON CONFLICT (service_id, slot) DO UPDATE SET on_sale = catalog_listing_total.on_sale + 1;
        END IF;
    END IF;
    RETURN NULL;
END
$$;

-- Fired only for rows that enter or leave the products on sale (a price change does not touch the counter).
DROP TRIGGER IF EXISTS catalog_listing_listed ON catalog_listing;
CREATE TRIGGER catalog_listing_listed AFTER INSERT ON catalog_listing
    FOR EACH ROW WHEN (NOT NEW.discontinued) EXECUTE FUNCTION catalog_listing_count_on_sale();
DROP TRIGGER IF EXISTS catalog_listing_changed ON catalog_listing;
CREATE TRIGGER catalog_listing_changed AFTER UPDATE ON catalog_listing
    FOR EACH ROW WHEN (OLD.discontinued IS DISTINCT FROM NEW.discontinued OR OLD.service_id IS DISTINCT FROM NEW.service_id)
    EXECUTE FUNCTION catalog_listing_count_on_sale();
DROP TRIGGER IF EXISTS catalog_listing_removed ON catalog_listing;
CREATE TRIGGER catalog_listing_removed AFTER DELETE ON catalog_listing
    FOR EACH ROW WHEN (NOT OLD.discontinued) EXECUTE FUNCTION catalog_listing_count_on_sale();

-- The rows already listed. The triggers' DDL above holds a lock that keeps listing writes out until this commits, so
-- the count taken here and the triggers' counting from then on neither miss nor double a row.
DELETE FROM catalog_listing_total;
INSERT INTO catalog_listing_total (service_id, slot, on_sale)
SELECT service_id, 0, count(*) FROM catalog_listing WHERE NOT discontinued GROUP BY service_id;
