-- scenario: triggers: BEFORE/AFTER/INSTEAD OF (view), INSERT/UPDATE OF cols/DELETE/TRUNCATE, multi-event, ROW/STATEMENT, WHEN, arguments, transition tables, constraint triggers (deferrable, FROM), disabled / ENABLE ALWAYS / ENABLE REPLICA, quoted names

CREATE SCHEMA trg;

CREATE TABLE trg.accounts (
    id          integer PRIMARY KEY,
    owner       text NOT NULL,
    balance     numeric(14,2) NOT NULL DEFAULT 0,
    status      text,
    updated_at  timestamp with time zone,
    version     integer NOT NULL DEFAULT 0
);

CREATE TABLE trg.audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    table_name  text NOT NULL,
    op          text NOT NULL,
    row_count   integer,
    info        text,
    logged_at   timestamp with time zone NOT NULL DEFAULT now()
);

CREATE TABLE trg.owners (
    name text PRIMARY KEY
);

-- Trigger functions.
CREATE FUNCTION trg.touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$$;

CREATE FUNCTION trg.bump_version() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    NEW.version := OLD.version + 1;
    RETURN NEW;
END
$$;

CREATE FUNCTION trg.default_status() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    NEW.status := coalesce(NEW.status, 'new');
    RETURN NEW;
END
$$;

CREATE FUNCTION trg.log_op() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    INSERT INTO trg.audit_log (table_name, op, info)
    VALUES (TG_TABLE_NAME, TG_OP, array_to_string(TG_ARGV, '|'));
    IF TG_LEVEL = 'ROW' THEN
        RETURN coalesce(NEW, OLD);
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION trg.log_new_rows() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    INSERT INTO trg.audit_log (table_name, op, row_count, info)
    SELECT TG_TABLE_NAME, TG_OP, count(*), TG_ARGV[0] FROM new_rows;
    RETURN NULL;
END
$$;

CREATE FUNCTION trg.log_changed_rows() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    INSERT INTO trg.audit_log (table_name, op, row_count)
    SELECT TG_TABLE_NAME, TG_OP, count(*) FROM old_rows JOIN new_rows USING (id);
    RETURN NULL;
END
$$;

CREATE FUNCTION trg.check_nonnegative() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF NEW.balance < 0 THEN
        RAISE EXCEPTION 'negative balance for account %', NEW.id;
    END IF;
    RETURN NULL;
END
$$;

-- BEFORE row triggers: plain, UPDATE OF columns with WHEN, INSERT with WHEN.
CREATE TRIGGER accounts_touch
    BEFORE UPDATE ON trg.accounts
    FOR EACH ROW EXECUTE FUNCTION trg.touch_updated_at();

CREATE TRIGGER accounts_bump_version
    BEFORE UPDATE OF balance, status ON trg.accounts
    FOR EACH ROW
    WHEN (OLD.balance IS DISTINCT FROM NEW.balance OR OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION trg.bump_version();

CREATE TRIGGER accounts_default_status
    BEFORE INSERT ON trg.accounts
    FOR EACH ROW
    WHEN (NEW.status IS NULL)
    EXECUTE FUNCTION trg.default_status();

-- AFTER statement triggers with transition tables and arguments.
CREATE TRIGGER accounts_audit_insert
    AFTER INSERT ON trg.accounts
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION trg.log_new_rows('bulk insert');

CREATE TRIGGER accounts_audit_update
    AFTER UPDATE ON trg.accounts
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION trg.log_changed_rows();

-- AFTER row trigger with several arguments (quotes, numbers, empty string).
CREATE TRIGGER accounts_audit_delete
    AFTER DELETE ON trg.accounts
    FOR EACH ROW EXECUTE FUNCTION trg.log_op('del', 'it''s quoted', '42', '');

-- TRUNCATE (statement-level only).
CREATE TRIGGER accounts_truncate
    AFTER TRUNCATE ON trg.accounts
    FOR EACH STATEMENT EXECUTE FUNCTION trg.log_op('truncate');

-- Multi-event row trigger, and a statement trigger with the default FOR EACH STATEMENT.
CREATE TRIGGER accounts_any_change
    AFTER INSERT OR UPDATE OR DELETE ON trg.accounts
    FOR EACH ROW EXECUTE FUNCTION trg.log_op('row');

CREATE TRIGGER accounts_before_stmt
    BEFORE INSERT OR DELETE ON trg.accounts
    EXECUTE PROCEDURE trg.log_op('stmt');

CREATE TRIGGER "Accounts Quoted Trigger"
    AFTER UPDATE OF "owner" ON trg.accounts
    FOR EACH ROW
    WHEN (NEW.owner <> OLD.owner)
    EXECUTE FUNCTION trg.log_op('owner changed');

-- Constraint triggers: deferrable initially deferred, initially immediate, not deferrable, with FROM.
CREATE CONSTRAINT TRIGGER accounts_nonnegative
    AFTER INSERT OR UPDATE ON trg.accounts
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION trg.check_nonnegative();

CREATE CONSTRAINT TRIGGER accounts_nonnegative_immediate
    AFTER UPDATE OF balance ON trg.accounts
    DEFERRABLE INITIALLY IMMEDIATE
    FOR EACH ROW
    WHEN (NEW.balance < (0)::numeric)
    EXECUTE FUNCTION trg.check_nonnegative();

CREATE CONSTRAINT TRIGGER accounts_nonnegative_strict
    AFTER INSERT ON trg.accounts
    NOT DEFERRABLE
    FOR EACH ROW EXECUTE FUNCTION trg.check_nonnegative();

CREATE CONSTRAINT TRIGGER accounts_owner_exists
    AFTER INSERT OR UPDATE ON trg.accounts
    FROM trg.owners
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION trg.log_op('owner check');

-- Firing states: disabled, ENABLE ALWAYS, ENABLE REPLICA (and back-to-origin ENABLE).
ALTER TABLE trg.accounts DISABLE TRIGGER accounts_audit_delete;
ALTER TABLE trg.accounts ENABLE ALWAYS TRIGGER accounts_truncate;
ALTER TABLE trg.accounts ENABLE REPLICA TRIGGER accounts_any_change;
ALTER TABLE trg.accounts DISABLE TRIGGER accounts_touch;
ALTER TABLE trg.accounts ENABLE TRIGGER accounts_touch;
ALTER TABLE trg.accounts DISABLE TRIGGER accounts_nonnegative_strict;

-- INSTEAD OF triggers on a view.
CREATE VIEW trg.account_view AS
    SELECT id, owner, balance FROM trg.accounts;

CREATE FUNCTION trg.account_view_dml() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO trg.accounts (id, owner, balance) VALUES (NEW.id, NEW.owner, NEW.balance);
        RETURN NEW;
    ELSIF TG_OP = 'UPDATE' THEN
        UPDATE trg.accounts SET owner = NEW.owner, balance = NEW.balance WHERE id = OLD.id;
        RETURN NEW;
    ELSE
        DELETE FROM trg.accounts WHERE id = OLD.id;
        RETURN OLD;
    END IF;
END
$$;

CREATE TRIGGER account_view_insert
    INSTEAD OF INSERT ON trg.account_view
    FOR EACH ROW EXECUTE FUNCTION trg.account_view_dml();

CREATE TRIGGER account_view_update_delete
    INSTEAD OF UPDATE OR DELETE ON trg.account_view
    FOR EACH ROW EXECUTE FUNCTION trg.account_view_dml();

-- Statement-level trigger on a view.
CREATE TRIGGER account_view_stmt
    BEFORE INSERT ON trg.account_view
    FOR EACH STATEMENT EXECUTE FUNCTION trg.log_op('view stmt');

-- Trigger in another schema's table using the shared function; same trigger name on two tables.
CREATE TABLE public.notes (
    id          integer PRIMARY KEY,
    body        text,
    updated_at  timestamp with time zone
);
CREATE TRIGGER accounts_touch
    BEFORE INSERT OR UPDATE ON public.notes
    FOR EACH ROW EXECUTE FUNCTION trg.touch_updated_at();
