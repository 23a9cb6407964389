import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Organization configuration: the two receive connectors, send connectors, the ActiveSync
 * virtual directory, certificate subject mappings, and the indexes the GAL prefix search uses.
 */
export class OrgConfig1764200000000 implements MigrationInterface {
  name = 'OrgConfig1764200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE directory.receive_connector (
        name text PRIMARY KEY,
        bindings text NOT NULL UNIQUE CHECK (bindings IN ('SMTP_PORT', 'SUBMISSION_PORT')),
        enabled boolean NOT NULL DEFAULT true,
        permission_groups text[] NOT NULL,
        auth_mechanism text[] NOT NULL,
        -- Unset: the server's own host name, as Exchange's default is the server's FQDN.
        fqdn text,
        max_message_size integer NOT NULL,
        max_recipients_per_message integer NOT NULL,
        max_inbound_connection integer NOT NULL,
        max_inbound_connection_per_source integer NOT NULL
      );
      -- Exchange 2016's Default Frontend / Client Frontend defaults: MaxMessageSize 36 MB,
      -- MaxRecipientsPerMessage 200, MaxInboundConnection 5000, MaxInboundConnectionPerSource 20.
      -- Default takes anonymous MX traffic; Client takes authenticated submission, AUTH only after
      -- STARTTLS.
      INSERT INTO directory.receive_connector
        (name, bindings, permission_groups, auth_mechanism, max_message_size,
         max_recipients_per_message, max_inbound_connection, max_inbound_connection_per_source)
      SELECT c.name, c.bindings, c.permission_groups, c.auth_mechanism, 37748736, 200, 5000, 20
        FROM (VALUES
          ('Default', 'SMTP_PORT', ARRAY['AnonymousUsers', 'ExchangeServers', 'Partners'], ARRAY['Tls']),
          ('Client', 'SUBMISSION_PORT', ARRAY['ExchangeUsers'], ARRAY['Tls', 'BasicAuth', 'BasicAuthRequireTLS'])
        ) AS c(name, bindings, permission_groups, auth_mechanism);

      CREATE TABLE directory.send_connector (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        address_spaces text[] NOT NULL,
        dns_routing_enabled boolean NOT NULL,
        smart_hosts text[] NOT NULL DEFAULT '{}',
        auth_user_name text,
        -- Kept as given: the smart host needs it back. Never in an answer or a log.
        auth_password text,
        require_tls boolean NOT NULL DEFAULT false,
        max_message_size integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (dns_routing_enabled = (cardinality(smart_hosts) = 0)),
        CHECK ((auth_user_name IS NULL) = (auth_password IS NULL))
      );
      CREATE UNIQUE INDEX send_connector_name ON directory.send_connector (lower(name));

      -- The one ActiveSync virtual directory (Exchange's "Microsoft-Server-ActiveSync").
      CREATE TABLE directory.activesync_virtual_directory (
        id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        internal_url text,
        external_url text,
        basic_auth_enabled boolean NOT NULL,
        client_cert_auth text NOT NULL CHECK (client_cert_auth IN ('Ignore', 'Accepted', 'Required')),
        remote_documents_allowed_servers text[] NOT NULL,
        remote_documents_blocked_servers text[] NOT NULL,
        remote_documents_internal_domain_suffix_list text[] NOT NULL
      );
      -- URLs unset: CAS answers Autodiscover with the host the client used until they are set.
      INSERT INTO directory.activesync_virtual_directory
        (basic_auth_enabled, client_cert_auth, remote_documents_allowed_servers,
         remote_documents_blocked_servers, remote_documents_internal_domain_suffix_list)
        VALUES (true, 'Ignore', '{}', '{}', '{}');

      -- A certificate subject signs in as one user; removing the user removes the mapping.
      CREATE TABLE directory.certificate_mapping (
        subject text PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES directory.mailbox_user (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX certificate_mapping_user ON directory.certificate_mapping (user_id);

      -- GAL prefix search: LIKE 'prefix%' over lower(...) uses these whatever the collation.
      CREATE INDEX gal_user_display_name ON directory.mailbox_user (lower(display_name) text_pattern_ops);
      CREATE INDEX gal_user_given_name ON directory.mailbox_user (lower(given_name) text_pattern_ops);
      CREATE INDEX gal_user_surname ON directory.mailbox_user (lower(surname) text_pattern_ops);
      CREATE INDEX gal_user_alias ON directory.mailbox_user (lower(alias) text_pattern_ops);
      CREATE INDEX gal_group_display_name ON directory.distribution_group (lower(display_name) text_pattern_ops);
      CREATE INDEX gal_group_alias ON directory.distribution_group (lower(alias) text_pattern_ops);
      CREATE INDEX gal_contact_display_name ON directory.mail_contact (lower(display_name) text_pattern_ops);
      CREATE INDEX gal_contact_given_name ON directory.mail_contact (lower(given_name) text_pattern_ops);
      CREATE INDEX gal_contact_surname ON directory.mail_contact (lower(surname) text_pattern_ops);
      CREATE INDEX gal_contact_address ON directory.mail_contact (external_email_address text_pattern_ops);
      CREATE INDEX gal_proxy_address ON directory.proxy_address (address text_pattern_ops);
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      DROP INDEX directory.gal_proxy_address; DROP INDEX directory.gal_contact_address;
      DROP INDEX directory.gal_contact_surname; DROP INDEX directory.gal_contact_given_name;
      DROP INDEX directory.gal_contact_display_name; DROP INDEX directory.gal_group_alias;
      DROP INDEX directory.gal_group_display_name; DROP INDEX directory.gal_user_alias;
      DROP INDEX directory.gal_user_surname; DROP INDEX directory.gal_user_given_name;
      DROP INDEX directory.gal_user_display_name;
      DROP TABLE directory.certificate_mapping; DROP TABLE directory.activesync_virtual_directory;
      DROP TABLE directory.send_connector; DROP TABLE directory.receive_connector;
    `);
  }
}
