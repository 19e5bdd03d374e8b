ALTER TABLE "agents" ADD COLUMN "active_chats" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- An agent's load, kept where a row lock makes it current: every change of a conversation's
-- (status = 'active', agent) pair moves the counts of the agents it leaves and joins. The agent
-- row is locked after the conversation's, the routing lock order (site, visitor, conversation, agent).
CREATE FUNCTION parley_count_active_chats() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'active' AND OLD.agent_id IS NOT NULL THEN
    UPDATE agents SET active_chats = active_chats - 1 WHERE id = OLD.agent_id;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.status = 'active' AND NEW.agent_id IS NOT NULL THEN
    UPDATE agents SET active_chats = active_chats + 1 WHERE id = NEW.agent_id;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER conversations_active_chats_insert AFTER INSERT ON conversations
  FOR EACH ROW WHEN (NEW.status = 'active' AND NEW.agent_id IS NOT NULL)
  EXECUTE FUNCTION parley_count_active_chats();
--> statement-breakpoint
CREATE TRIGGER conversations_active_chats_update AFTER UPDATE OF status, agent_id ON conversations
  FOR EACH ROW WHEN ((OLD.status = 'active' AND OLD.agent_id IS NOT NULL) IS DISTINCT FROM (NEW.status = 'active' AND NEW.agent_id IS NOT NULL)
                     OR (NEW.status = 'active' AND OLD.agent_id IS DISTINCT FROM NEW.agent_id))
  EXECUTE FUNCTION parley_count_active_chats();
--> statement-breakpoint
CREATE TRIGGER conversations_active_chats_delete AFTER DELETE ON conversations
  FOR EACH ROW WHEN (OLD.status = 'active' AND OLD.agent_id IS NOT NULL)
  EXECUTE FUNCTION parley_count_active_chats();
--> statement-breakpoint
UPDATE agents a SET active_chats = (SELECT count(*) FROM conversations c WHERE c.agent_id = a.id AND c.status = 'active');
