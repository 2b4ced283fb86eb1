-- pair: comments added, changed and removed on every kind of object: schema, table, column, index, constraint, function, view, materialized view, sequence, type, domain, trigger, policy

CREATE SCHEMA crm;

CREATE TYPE crm.stage AS ENUM ('lead', 'won', 'lost');
CREATE DOMAIN crm.score AS integer CHECK (VALUE >= 0);
CREATE SEQUENCE crm.deal_ref_seq;

CREATE TABLE crm.deal (
    id integer CONSTRAINT deal_pkey PRIMARY KEY,
    stage crm.stage NOT NULL DEFAULT 'lead',
    score crm.score,
    amount numeric(12,2) CONSTRAINT deal_amount_check CHECK (amount >= 0)
);

CREATE INDEX deal_stage_idx ON crm.deal (stage);

CREATE FUNCTION crm.deal_total() RETURNS numeric
    LANGUAGE sql STABLE
    AS $$ SELECT coalesce(sum(amount), 0) FROM crm.deal $$;

CREATE FUNCTION crm.noop() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN RETURN NEW; END $$;

CREATE TRIGGER deal_noop BEFORE INSERT ON crm.deal FOR EACH ROW EXECUTE FUNCTION crm.noop();

CREATE VIEW crm.open_deal AS SELECT id, amount FROM crm.deal WHERE stage = 'lead';
CREATE MATERIALIZED VIEW crm.deal_stats AS SELECT stage, count(*) AS n FROM crm.deal GROUP BY stage;

ALTER TABLE crm.deal ENABLE ROW LEVEL SECURITY;
CREATE POLICY deal_all ON crm.deal USING (true);

-- Added in B: schema, column stage, index, function deal_total, sequence, policy.
-- Changed in B: table, constraint deal_amount_check, view, type, trigger.
-- Removed in B: column amount, constraint deal_pkey, materialized view, domain.
COMMENT ON TABLE crm.deal IS 'Deals';
COMMENT ON COLUMN crm.deal.amount IS 'Amount in EUR';
COMMENT ON CONSTRAINT deal_amount_check ON crm.deal IS 'no negative deals';
COMMENT ON CONSTRAINT deal_pkey ON crm.deal IS 'primary key';
COMMENT ON VIEW crm.open_deal IS 'Open deals';
COMMENT ON MATERIALIZED VIEW crm.deal_stats IS 'Deal statistics';
COMMENT ON TYPE crm.stage IS 'Deal stage';
COMMENT ON DOMAIN crm.score IS 'Lead score';
COMMENT ON TRIGGER deal_noop ON crm.deal IS 'placeholder';
