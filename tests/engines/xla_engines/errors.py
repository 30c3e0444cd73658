"""The two ways a run fails."""


class JobError(Exception):
    """A job that cannot run: a bad table name, an unreadable file, an
    engine error. Its text is what the job's `.error` file holds; the other
    jobs run all the same."""


class EngineUnavailable(Exception):
    """The engine cannot be installed or started; the text says why. No job runs."""
