-- scenario: views (view on view, column lists, CASCADED/LOCAL CHECK OPTION, security_invoker, security_barrier, recursive, VALUES, CTE/window/lateral, cross-schema, column defaults on a view) and materialized views (WITH DATA / WITH NO DATA, column list, matview on view)

CREATE SCHEMA reporting;

CREATE TABLE public.employees (
    id          integer PRIMARY KEY,
    name        text NOT NULL,
    dept        text,
    salary      numeric(10,2),
    active      boolean NOT NULL DEFAULT true,
    manager_id  integer REFERENCES public.employees (id),
    hired_on    date NOT NULL DEFAULT CURRENT_DATE
);

CREATE TABLE public.departments (
    code    text PRIMARY KEY,
    title   text NOT NULL
);

-- Simple updatable view.
CREATE VIEW public.active_employees AS
    SELECT id, name, dept, salary, manager_id
    FROM public.employees
    WHERE active;

-- View on view with an explicit column list.
CREATE VIEW public.active_it (emp_id, emp_name) AS
    SELECT id, name FROM public.active_employees WHERE dept = 'IT';

-- Check options.
CREATE VIEW public.well_paid AS
    SELECT id, name, dept, salary, manager_id
    FROM public.active_employees
    WHERE salary > 1000
    WITH CASCADED CHECK OPTION;

CREATE VIEW public.well_paid_it AS
    SELECT id, name, dept, salary, manager_id
    FROM public.well_paid
    WHERE dept = 'IT'
    WITH LOCAL CHECK OPTION;

-- check_option given as reloption instead of clause.
CREATE VIEW public.it_staff WITH (check_option = local) AS
    SELECT id, name, dept FROM public.employees WHERE dept = 'IT';

-- security_invoker (PG15) and security_barrier options.
CREATE VIEW public.invoker_view WITH (security_invoker = true) AS
    SELECT id, name FROM public.employees;

CREATE VIEW public.barrier_view WITH (security_barrier = true, security_invoker = false) AS
    SELECT id, name, salary FROM public.employees WHERE salary < 5000;

-- Recursive view.
CREATE RECURSIVE VIEW public.org_chart (id, name, manager_id, depth) AS
    SELECT id, name, manager_id, 1 FROM public.employees WHERE manager_id IS NULL
    UNION ALL
    SELECT e.id, e.name, e.manager_id, oc.depth + 1
    FROM public.employees e JOIN org_chart oc ON e.manager_id = oc.id;

-- VALUES view without table dependencies.
CREATE VIEW public.constants AS
    VALUES (1, 'one'::text), (2, 'two'::text);

-- CTE, window function, CASE, LATERAL, ORDER BY / LIMIT, casts, string literal with quote.
CREATE VIEW reporting.salary_ranking AS
    WITH ranked AS (
        SELECT e.id, e.name, e.dept, e.salary,
               rank() OVER (PARTITION BY e.dept ORDER BY e.salary DESC NULLS LAST) AS dept_rank
        FROM public.employees e
    )
    SELECT r.id, r.name, d.title AS department, r.salary, r.dept_rank,
           CASE WHEN r.dept_rank = 1 THEN 'top'::text ELSE 'it''s fine'::text END AS label,
           lat.peer_count
    FROM ranked r
    LEFT JOIN public.departments d ON d.code = r.dept
    CROSS JOIN LATERAL (
        SELECT count(*) AS peer_count FROM public.employees p WHERE p.dept = r.dept
    ) lat
    ORDER BY r.dept, r.dept_rank
    LIMIT 1000;

-- Cross-schema aggregate view, then a view depending on it.
CREATE VIEW reporting.dept_summary AS
    SELECT dept, count(*) AS headcount, (avg(salary))::numeric(10,2) AS avg_salary, max(hired_on) AS last_hire
    FROM public.employees
    GROUP BY dept;

CREATE VIEW reporting."Big Departments" AS
    SELECT dept AS "Department", headcount AS "Head Count"
    FROM reporting.dept_summary
    WHERE headcount > 10;

-- Column defaults on an updatable view.
CREATE VIEW public.new_hires AS
    SELECT id, name, dept, active FROM public.employees;
ALTER VIEW public.new_hires ALTER COLUMN active SET DEFAULT false;
ALTER VIEW public.new_hires ALTER COLUMN dept SET DEFAULT 'TBD'::text;

-- Materialized views.
CREATE MATERIALIZED VIEW reporting.dept_totals AS
    SELECT dept, sum(salary) AS total_salary, count(*) AS n
    FROM public.employees
    GROUP BY dept
    WITH DATA;
CREATE UNIQUE INDEX dept_totals_dept_uidx ON reporting.dept_totals (dept);

CREATE MATERIALIZED VIEW reporting.dept_totals_unpopulated AS
    SELECT dept, sum(salary) AS total_salary
    FROM public.employees
    GROUP BY dept
    WITH NO DATA;

CREATE MATERIALIZED VIEW reporting.summary_snapshot (department, people, average) AS
    SELECT dept, headcount, avg_salary FROM reporting.dept_summary;

-- Materialized view with a storage parameter, built on a materialized view.
CREATE MATERIALIZED VIEW reporting.total_payroll WITH (fillfactor = 90) AS
    SELECT sum(total_salary) AS payroll FROM reporting.dept_totals;
