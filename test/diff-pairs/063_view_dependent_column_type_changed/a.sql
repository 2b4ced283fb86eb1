-- pair: public.payment.amount changes type numeric(10,2) -> numeric(14,2) and public.payment.reference varchar(20) -> text while views read those columns; the views' SQL text is identical in A and B (but their column types follow the table), so they must be dropped and recreated around the ALTER

CREATE TABLE public.payment (
    id integer PRIMARY KEY,
    amount numeric(10,2) NOT NULL,
    reference varchar(20),
    paid_at timestamptz NOT NULL
);

CREATE VIEW public.payment_report AS
    SELECT id, amount, reference, paid_at::date AS paid_on
    FROM public.payment;

CREATE VIEW public.daily_total AS
    SELECT paid_on, sum(amount) AS total FROM public.payment_report GROUP BY paid_on;

INSERT INTO public.payment VALUES (1, 10.00, 'R-1', '2024-01-01 09:00:00+00'), (2, 20.00, NULL, '2024-01-01 10:00:00+00');
