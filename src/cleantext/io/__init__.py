"""Readers and writers of the ``cleantext`` command: one module per format.

- ``text``     -- text and HTML files: decoding detection, binary (NUL byte) check
- ``jsonl``    -- JSON Lines datasets, plain, ``.gz`` or ``.zst``
- ``parquet``  -- Parquet datasets through pyarrow, one record batch at a time
- ``paths``    -- expanding files, globs and folders; mirroring an input tree into an output folder
- ``atomic``   -- atomic writes (temporary file, fsync, ``os.replace``)
- ``document`` -- cleaning one document or record; rendering ``--explain`` and ``--diff``

Every problem with an input is raised as ``cleantext.errors.InputError`` whose message reads
``"SOURCE: what is wrong; what to do"``.
"""
