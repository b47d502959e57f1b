-- A `note` event says what happened in words (a provider call's outcome); other events have none.
ALTER TABLE job_events ADD COLUMN message TEXT;
