import { Column, ColumnOptions, PrimaryColumn } from 'typeorm';

/**
 * Column shapes shared by every entity, one definition each so both dialects get the same types.
 * Timestamps carry milliseconds and are always set by the services from the injected clock.
 */
export const IdColumn = (): PropertyDecorator => PrimaryColumn({ type: 'varchar', length: 32 });

export const RefColumn = (name: string, options: { nullable?: boolean } = {}): PropertyDecorator =>
  Column({ name, type: 'varchar', length: 32, nullable: options.nullable ?? false });

export const TimeColumn = (name: string, options: { nullable?: boolean } = {}): PropertyDecorator =>
  Column({ name, type: 'datetime', precision: 3, nullable: options.nullable ?? false });

export const TextColumn = (name: string, length: number, options: Partial<ColumnOptions> = {}): PropertyDecorator =>
  Column({ name, type: 'varchar', length, ...options });
