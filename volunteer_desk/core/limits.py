"""Resource caps for the short-lived child processes that read outside data (pages, models)."""

from __future__ import annotations


def cap_child_process(memory_bytes: int, cpu_seconds: int) -> None:
    """Cap address space and CPU time, and refuse core dumps (a dump would hold what it read).

    Never raises the limits above what the parent already has. Windows has no rlimits: there the
    parent's wall-clock limit (and a job object, for the page parser) still applies.
    """
    try:
        # lazy: the resource module exists only on POSIX
        import resource
    except ImportError:
        return
    for limit, value in ((resource.RLIMIT_AS, memory_bytes), (resource.RLIMIT_CPU, cpu_seconds)):
        try:
            _soft, hard = resource.getrlimit(limit)
            if hard != resource.RLIM_INFINITY:
                value = min(value, hard)
            resource.setrlimit(limit, (value, hard))
        except (ValueError, OSError):
            pass
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ValueError, OSError):
        pass
