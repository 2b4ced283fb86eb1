/**
 * The Python that answers schemaguard's questions about a Django project, run by the project's
 * own interpreter as `python -c BOOTSTRAP`. It reads one JSON request on stdin:
 * `{ cwd, settings, database?, questions: [{ command, ... }] }`, sets `DJANGO_SETTINGS_MODULE`,
 * puts the project's folder first on `sys.path`, starts Django and writes one JSON document on
 * stdout: `{ django: VERSION, answers: [...] }` (one answer per question, in order),
 * `{ refused: SENTENCE }`, or `{ failure: { kind, message, traceback } }` where `message` is
 * the exception line of Python's error. Django's own output, and anything the project prints,
 * goes to stderr.
 *
 * Without `database`, every database of the settings is replaced by Django's dummy backend:
 * questions about files (the migration graph, models, makemigrations) connect to nothing. With
 * it, the `default` database is the one it describes: a PostgreSQL database (NAME, USER, …), or
 * with its ENGINE, another backend's (a SQLite file's path).
 */
export const DJANGO_BOOTSTRAP = String.raw`
import importlib, io, json, os, sys, traceback

# stdout carries the one JSON answer; everything else printed goes to stderr.
answer_stream, sys.stdout = sys.stdout, sys.stderr


class Refusal(Exception):
    """A question that cannot be answered, said in one sentence."""


def failure(kind, error):
    # The exception's own line: the last entry (a SyntaxError's come after its code), first line only.
    exception_line = (traceback.format_exception_only(type(error), error)[-1].strip().splitlines() or [''])[0]
    return {'failure': {'kind': kind, 'message': exception_line, 'traceback': traceback.format_exc()}}


def point_databases(database):
    from django.conf import settings
    if database is None:
        aliases = list(settings.DATABASES) or ['default']
        settings.DATABASES = {alias: {'ENGINE': 'django.db.backends.dummy'} for alias in aliases}
    else:
        default = {'ENGINE': 'django.db.backends.postgresql', **database}
        settings.DATABASES = {**settings.DATABASES, 'default': default}


def check_app_labels(labels):
    from django.apps import apps
    installed = [config.label for config in apps.get_app_configs()]
    unknown = [label for label in labels if label not in installed]
    if unknown:
        names = ', '.join('"%s"' % label for label in unknown)
        raise Refusal('There is no Django app labelled %s; the installed apps are %s.' % (names, ', '.join(installed)))


def migration_graph(question, request):
    from django.db.migrations.loader import MigrationLoader
    # Every migration on disk, squashed ones and those they replace alike; no database.
    loader = MigrationLoader(None, ignore_no_migrations=True, replace_migrations=False)
    graph = loader.graph
    order, seen = [], set()
    for leaf in graph.leaf_nodes():
        for key in graph.forwards_plan(leaf):
            if key not in seen:
                seen.add(key)
                order.append(key)
    nodes = []
    for key in order:
        migration = loader.disk_migrations[key]
        same_app_dependency = any(app == key[0] for app, _ in migration.dependencies)
        module_file = os.path.abspath(sys.modules[type(migration).__module__].__file__)
        inside = os.path.relpath(module_file, request['cwd'])
        nodes.append({
            'app': key[0],
            'name': key[1],
            'dependencies': sorted(list(parent.key) for parent in graph.node_map[key].parents),
            'replaces': [list(replaced) for replaced in migration.replaces],
            'initial': bool(migration.initial) or (migration.initial is None and not same_app_dependency),
            'atomic': bool(migration.atomic),
            'path': module_file if inside.startswith('..') else inside,
        })
    return nodes


def app_tables(question, request):
    from django.apps import apps
    check_app_labels(question['apps'])
    tables = {}
    for label in question['apps']:
        names = set()
        for model in apps.get_app_config(label).get_models():
            meta = model._meta
            if meta.proxy or meta.swapped:
                continue
            if meta.managed:
                names.add(meta.db_table)
            for field in meta.local_many_to_many:
                through = field.remote_field.through._meta
                if through.auto_created and through.managed:
                    names.add(through.db_table)
        tables[label] = sorted(names)
    return tables


def pending_changes(question, request):
    from django.apps import apps
    from django.db.migrations.autodetector import MigrationAutodetector
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.questioner import NonInteractiveMigrationQuestioner
    from django.db.migrations.state import ProjectState

    class DryRunQuestioner(NonInteractiveMigrationQuestioner):
        # makemigrations would stop to ask for a default; a dry run only describes the change.
        def ask_not_null_addition(self, field_name, model_name):
            return None

        def ask_auto_now_add_addition(self, field_name, model_name):
            return None

    loader = MigrationLoader(None, ignore_no_migrations=True)
    autodetector = MigrationAutodetector(
        loader.project_state(), ProjectState.from_apps(apps), DryRunQuestioner(specified_apps=set(), dry_run=True)
    )
    changes = autodetector.changes(graph=loader.graph)
    return [
        {'app': app, 'migration': migration.name, 'operations': [operation.describe() for operation in migration.operations]}
        for app in sorted(changes)
        for migration in changes[app]
    ]


def migration_files(labels):
    from django.apps import apps
    from django.db.migrations.loader import MigrationLoader
    files = set()
    for label in labels:
        module_name, _ = MigrationLoader.migrations_module(label)
        try:
            folder = os.path.dirname(importlib.import_module(module_name).__file__)
        except ImportError:
            folder = os.path.join(apps.get_app_config(label).path, 'migrations')
        if os.path.isdir(folder):
            files.update(os.path.join(folder, name) for name in os.listdir(folder) if name.endswith('.py') and name != '__init__.py')
    return files


def make_migrations(question, request):
    from django.core.management import call_command
    check_app_labels(question['apps'])
    before = migration_files(question['apps'])
    try:
        call_command('makemigrations', *question['apps'], interactive=False, stdout=sys.stderr)
    except SystemExit:
        raise Refusal(
            'makemigrations needs an answer for %s (a default for a new non-null field): '
            'run "python manage.py makemigrations %s" yourself.' % (', '.join(question['apps']), ' '.join(question['apps']))
        )
    written = migration_files(question['apps']) - before
    return sorted(os.path.relpath(path, request['cwd']) for path in written)


def sql_migrate(question, request):
    from django.core.management import call_command
    return [call_command('sqlmigrate', item['app'], item['name'], stdout=io.StringIO()) for item in question['migrations']]


def migrate(question, request):
    from django.core.management import call_command
    target = [question[key] for key in ('app', 'migration') if question.get(key)]
    output = io.StringIO()
    call_command(
        'migrate', *target, interactive=False, fake=bool(question.get('fake')),
        fake_initial=bool(question.get('fakeInitial')), stdout=output,
    )
    return output.getvalue()


def apply_migrations(question, request):
    # Exactly these migrations, in this order, as a database whose history lists them ran them:
    # over the graph without replacements, so a partly applied squash's migrations run one by one.
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.db.migrations.loader import MigrationLoader
    executor = MigrationExecutor(connection)
    executor.loader = MigrationLoader(connection, replace_migrations=False)
    executor.recorder.ensure_schema()
    state = executor._create_project_state(with_applied_migrations=False)
    # Migrations the database already has: their models are in the state; they are not run.
    for app, name in question.get('after', []):
        state = executor.loader.graph.nodes[(app, name)].mutate_state(state, preserve=False)
    for app, name in question['migrations']:
        state = executor.apply_migration(state, executor.loader.graph.nodes[(app, name)])
    return len(question['migrations'])


def django_version(question, request):
    import django
    return {'version': django.get_version(), 'file': os.path.abspath(django.__file__)}


ANSWERS = {
    'apply-migrations': apply_migrations,
    'version': django_version,
    'graph': migration_graph,
    'app-tables': app_tables,
    'pending-changes': pending_changes,
    'makemigrations': make_migrations,
    'sqlmigrate': sql_migrate,
    'migrate': migrate,
}


def main():
    request = json.load(sys.stdin)
    sys.path.insert(0, request['cwd'])
    os.environ['DJANGO_SETTINGS_MODULE'] = request['settings']
    try:
        import django
    except ImportError as error:
        return failure('no-django', error)
    try:
        importlib.import_module(request['settings'])
    except Exception as error:
        return failure('settings', error)
    try:
        point_databases(request.get('database'))
        django.setup()
    except Exception as error:
        return failure('setup', error)
    answers = []
    try:
        for question in request['questions']:
            try:
                answers.append(ANSWERS[question['command']](question, request))
            except Refusal as refusal:
                return {'refused': str(refusal)}
            except Exception as error:
                return failure(question['command'], error)
    finally:
        from django.db import connections
        connections.close_all()
    return {'django': django.get_version(), 'answers': answers}


answer_stream.write(json.dumps(main()))
answer_stream.flush()
`;
