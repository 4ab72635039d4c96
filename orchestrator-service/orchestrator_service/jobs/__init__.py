"""Jobs: ``assess_batch`` (many clips with texts) and ``prepare_voice``, run by an in-process
bounded worker pool over the Job table (default) or by Dramatiq workers over Redis
(``VOICEMESH_QUEUE_URL``, ``voicemesh worker``). Both run :func:`execute.execute`."""
