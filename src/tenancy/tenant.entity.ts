import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A customer of this service (an organisation); every other row carries its id. */
@Entity({ name: 'tenant' })
export class Tenant {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
