-- The message batch (apps/server/src/modules/conversations/message-writer.ts) looks up each item's
-- client id to store a retried send once. Run inside the batch statement, that lookup was planned
-- with the table's statistics: after an ANALYZE of a nearly empty messages table, the statement's
-- cached plan scanned the whole table for every item, slower with every message stored, until the
-- next ANALYZE. Here it is planned with sequential scans off, so it always probes the unique index;
-- PL/pgSQL keeps that plan for the connection (a SQL function would plan it on every call).
CREATE OR REPLACE FUNCTION parley_stored_messages(items jsonb) RETURNS SETOF messages
LANGUAGE plpgsql STABLE
SET enable_seqscan = off
AS $$
BEGIN
  RETURN QUERY
    SELECT m.* FROM jsonb_to_recordset(items) AS i(conversation_id uuid, client_id text)
    JOIN LATERAL (
      SELECT * FROM messages m WHERE m.conversation_id = i.conversation_id AND m.client_id = i.client_id LIMIT 1
    ) m ON true;
END
$$;
