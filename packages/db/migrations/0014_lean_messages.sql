-- Every message insert paid for checks it did not need, and the embedded database spends most of
-- its time inserting messages (apps/bench): the foreign keys ran a lookup per row, and the id's
-- primary-key index was one more btree insert per row for an index no query uses.
-- * messages.conversation_id: each insert already finds and locks its conversation first (the
--   message batch statement, insertMessage, the start batch), so the key's per-row check was
--   redundant; its ON DELETE CASCADE is kept by the trigger below, which deletes a statement's
--   worth of conversations' messages in one go (also when a visitor's erasure cascades to them).
-- * messages.agent_id: agents are deactivated, never deleted.
-- * The key becomes (conversation_id, seq), the order every read goes in; its unique index exists
--   already, so it is taken over as is (renamed) instead of being built again.
ALTER TABLE "messages" DROP CONSTRAINT "messages_conversation_id_conversations_id_fk";--> statement-breakpoint
ALTER TABLE "messages" DROP CONSTRAINT "messages_agent_id_agents_id_fk";--> statement-breakpoint
ALTER TABLE "messages" DROP CONSTRAINT "messages_pkey";--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_conversation_seq_pk" PRIMARY KEY USING INDEX "messages_conversation_seq_idx";--> statement-breakpoint
CREATE FUNCTION parley_delete_conversations_messages() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  DELETE FROM messages m USING deleted_conversations d WHERE m.conversation_id = d.id;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER conversations_delete_messages
AFTER DELETE ON conversations
REFERENCING OLD TABLE AS deleted_conversations
FOR EACH STATEMENT EXECUTE FUNCTION parley_delete_conversations_messages();
