import { Membership, Person } from '../../schema/entities/index.js';
import type { AddMembershipInput, CreatePersonInput } from '../../schema/inputs/index.js';
import { assertCanWrite, assertSecretaryAnywhere } from '../auth/policies.js';
import { badInput, notFound } from '../errors.js';
import type { ServiceContext } from './context.js';
import { asId, bodyById, personById } from './lookup.js';

/** Persons and their memberships in bodies. */
export class PersonService {
  constructor(private readonly ctx: ServiceContext) {}

  async create(input: CreatePersonInput): Promise<Person> {
    assertSecretaryAnywhere(this.ctx.viewer);
    const name = input.name.trim();
    if (!name) throw badInput('The name cannot be empty.', 'name');
    return this.ctx.em.transactional(async (em) =>
      em.create(Person, {
        name,
        municipality: input.municipality?.trim() || null,
        position: input.position?.trim() || null,
        email: input.email?.trim() || null,
      }),
    );
  }

  async update(id: string, input: Partial<CreatePersonInput>): Promise<Person> {
    assertSecretaryAnywhere(this.ctx.viewer);
    return this.ctx.em.transactional(async (em) => {
      const p = await personById(em, id);
      if (input.name !== undefined) {
        if (!input.name.trim()) throw badInput('The name cannot be empty.', 'name');
        p.name = input.name.trim();
      }
      if (input.municipality !== undefined) p.municipality = input.municipality?.trim() || null;
      if (input.position !== undefined) p.position = input.position?.trim() || null;
      if (input.email !== undefined) p.email = input.email?.trim() || null;
      return p;
    });
  }

  async addMembership(input: AddMembershipInput): Promise<Membership> {
    if (input.validFrom && input.validTo && input.validTo < input.validFrom) {
      throw badInput('A membership cannot end before it starts.', 'validTo');
    }
    return this.ctx.em.transactional(async (em) => {
      const person = await personById(em, input.personId);
      const body = await bodyById(em, input.bodyId);
      assertCanWrite(this.ctx.viewer, body.id, body.name);
      return em.create(Membership, {
        person,
        body,
        role: input.role,
        validFrom: input.validFrom ?? null,
        validTo: input.validTo ?? null,
      });
    });
  }

  async endMembership(id: string, validTo: string): Promise<Membership> {
    return this.ctx.em.transactional(async (em) => {
      const m = await em.findOne(Membership, { id: asId(id) });
      if (!m) throw notFound('Membership', id);
      const body = await bodyById(em, m.body.id);
      assertCanWrite(this.ctx.viewer, body.id, body.name);
      if (m.validFrom && validTo < m.validFrom) throw badInput('A membership cannot end before it starts.', 'validTo');
      m.validTo = validTo;
      return m;
    });
  }
}
