CREATE TABLE public.payment (
    id integer PRIMARY KEY,
    amount numeric(14,2) NOT NULL,
    reference text,
    paid_at timestamptz NOT NULL
);

CREATE VIEW public.payment_report AS
    SELECT id, amount, reference, paid_at::date AS paid_on
    FROM public.payment;

CREATE VIEW public.daily_total AS
    SELECT paid_on, sum(amount) AS total FROM public.payment_report GROUP BY paid_on;

INSERT INTO public.payment VALUES (1, 10.00, 'R-1', '2024-01-01 09:00:00+00'), (2, 20.00, NULL, '2024-01-01 10:00:00+00');
