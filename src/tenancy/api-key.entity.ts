import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** An API key, stored as a SHA-256 hash: the plain key is shown once, at creation. */
@Entity({ name: 'api_key' })
@Index('api_key_hash_idx', ['keyHash'], { unique: true })
export class ApiKey {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' })
  tenantId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'key_hash', type: 'text' })
  keyHash: string;

  /** First characters of the key, to tell keys apart in listings without revealing them. */
  @Column({ name: 'key_prefix', type: 'text' })
  keyPrefix: string;

  @Column({ type: 'text', nullable: true })
  label: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
