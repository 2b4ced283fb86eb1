CREATE TYPE public.channel AS ENUM ('web', 'mobile', 'shop');

CREATE DOMAIN public.online_channel AS public.channel CONSTRAINT online_channel_check CHECK (VALUE IN ('web', 'mobile'));

CREATE TYPE public.touchpoint AS (
    ch public.channel,
    at timestamptz
);

CREATE TABLE public.campaign (
    id integer PRIMARY KEY,
    main_channel public.channel NOT NULL DEFAULT 'web',
    other_channels public.channel[] NOT NULL DEFAULT '{}',
    online public.online_channel,
    first_touch public.touchpoint,
    CONSTRAINT campaign_not_shop_only CHECK (main_channel <> 'shop' OR cardinality(other_channels) > 0)
);

CREATE INDEX campaign_mobile_idx ON public.campaign (id) WHERE main_channel = 'mobile';

CREATE FUNCTION public.channel_label(c public.channel DEFAULT 'web') RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT initcap(c::text) $$;

CREATE VIEW public.campaign_view AS
    SELECT id, main_channel, public.channel_label(main_channel) AS label FROM public.campaign;

INSERT INTO public.campaign VALUES
    (1, 'web', '{mobile}', 'web', ROW('web', '2024-01-01 00:00:00+00')::public.touchpoint),
    (2, 'shop', '{web,shop}', NULL, NULL);
