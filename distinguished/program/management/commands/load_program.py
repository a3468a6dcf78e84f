from django.core.management.base import BaseCommand, CommandError

from distinguished.program import api


class Command(BaseCommand):
    help = "Validate a program definition file and load it into the database (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="YAML definition (default: the shipped one)")
        parser.add_argument("--check", action="store_true", help="validate only, write nothing")

    def handle(self, *args, file=None, check=False, **options):
        try:
            if check:
                definition = api.check_program_file(file)
                self.stdout.write(
                    f"{file or 'the shipped definition'}: valid ({definition.program.name} {definition.program.version})"
                )
                return
            program = api.load_program_file(file)
        except api.DefinitionError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {program.name} {program.version}: {program.tracks.count()} tracks, "
                f"{program.panel_groups.count()} panel groups, {program.cycles.count()} cycles."
            )
        )
