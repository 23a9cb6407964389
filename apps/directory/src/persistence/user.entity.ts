import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A mailbox user (Exchange: a user recipient with a mailbox). */
@Entity({ name: 'mailbox_user' })
export class UserEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** The sign-in name, `alias@domain`, lower case; also the primary SMTP address for now. */
  @Column('text', { name: 'user_principal_name', unique: true })
  userPrincipalName!: string;

  @Column('text')
  alias!: string;

  @Column('text', { name: 'display_name' })
  displayName!: string;

  /** argon2id encoded hash; null means the account cannot sign in with a password. */
  @Column('text', { name: 'password_hash', nullable: true })
  passwordHash!: string | null;

  @Column('boolean', { name: 'is_admin', default: false })
  isAdmin!: boolean;

  @Column('boolean', { name: 'eas_enabled', default: true })
  easEnabled!: boolean;

  @Column('boolean', { name: 'account_disabled', default: false })
  accountDisabled!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
