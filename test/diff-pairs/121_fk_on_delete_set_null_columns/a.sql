-- pair: composite foreign keys get column lists on their delete actions (PostgreSQL 15+): task_assignee_fkey ON DELETE SET NULL -> ON DELETE SET NULL (assignee_id), so tenant_id is kept; task_reviewer_fkey ON DELETE SET DEFAULT -> ON DELETE SET DEFAULT (reviewer_id)

CREATE TABLE public.person (
    tenant_id integer NOT NULL,
    id integer NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE public.task (
    tenant_id integer NOT NULL,
    id integer NOT NULL,
    assignee_id integer,
    reviewer_id integer DEFAULT 0,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT task_assignee_fkey FOREIGN KEY (tenant_id, assignee_id) REFERENCES public.person (tenant_id, id) ON DELETE SET NULL,
    CONSTRAINT task_reviewer_fkey FOREIGN KEY (tenant_id, reviewer_id) REFERENCES public.person (tenant_id, id) ON DELETE SET DEFAULT
);

INSERT INTO public.person VALUES (1, 0), (1, 1);
INSERT INTO public.task VALUES (1, 1, 1, 0);
