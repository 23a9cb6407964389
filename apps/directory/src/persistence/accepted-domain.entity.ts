import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Exchange's accepted domain types: for which domains we deliver, relay internally or relay out. */
export const ACCEPTED_DOMAIN_TYPES = ['Authoritative', 'InternalRelay', 'ExternalRelay'] as const;
export type AcceptedDomainType = (typeof ACCEPTED_DOMAIN_TYPES)[number];

@Entity({ name: 'accepted_domain' })
export class AcceptedDomainEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** Lower case, unique. */
  @Column('text', { unique: true })
  name!: string;

  @Column('text', { name: 'domain_type' })
  domainType!: AcceptedDomainType;

  /** The domain used when an address must be made up (the first accepted domain). */
  @Column('boolean', { name: 'is_default', default: false })
  isDefault!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
