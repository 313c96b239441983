"""The one error the driver raises for a failed esp-prov run."""


class EspProvError(Exception):
    """esp-prov exited non-zero: `exit_code` and `name` are its documented exit code and JSON
    `error` name (README "Exit codes"), `message` what it said. Code branches on the first two."""

    def __init__(self, exit_code: int, name: str, message: str):
        super().__init__(f"esp-prov failed ({name}, exit {exit_code}): {message}")
        self.exit_code = exit_code
        self.name = name
        self.message = message
