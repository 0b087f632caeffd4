CREATE TABLE "signalling_sockets" (
	"peer_id" text PRIMARY KEY NOT NULL,
	"socket_id" uuid NOT NULL,
	"instance_id" uuid NOT NULL,
	"seen_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "signalling_sockets_seen_idx" ON "signalling_sockets" USING btree ("seen_at");