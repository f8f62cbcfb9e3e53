import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FHIR_OPERATIONS, FHIR_RESOURCES } from '../../../src/modules/fhir/mapping/capability-statement.js';
import { SEARCH_SCHEMAS } from '../../../src/modules/fhir/dto/fhir.inputs.js';
import { createBookableDoctor, createDoctor, profile } from '../../helpers/factories.js';
import { expectOutcome, expectReferencesResolve, fhirBody, fhirGet } from '../../helpers/fhir.js';
import { nestRoutes } from '../../helpers/routes.js';
import { setNow } from '../../helpers/scheduling.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const NOW = '2027-03-01T00:00:00.000Z';

describe('FHIR R4: metadata, Practitioner, PractitionerRole', () => {
  let t: TestApp;
  let verified: Awaited<ReturnType<typeof createBookableDoctor>>;
  let pending: Awaited<ReturnType<typeof createDoctor>>;
  beforeAll(async () => {
    t = await startTestApp();
    setNow(t, NOW);
    verified = await createBookableDoctor(t, { fullName: 'Dr Amina Okafor', profile: profile() });
    await createBookableDoctor(t, { fullName: 'Dr Second Okafor', profile: profile({ licenseNumber: 'KMPDC-99999' }) });
    pending = await createDoctor(t, { fullName: 'Dr Pending Okafor', profile: profile({ licenseNumber: 'KMPDC-55555' }), status: 'pending' });
  });
  afterAll(() => t.close());

  it('states exactly what it serves: every read and search in the CapabilityStatement is a route, every /fhir/R4 route is in it, with the query schemas’ parameters', async () => {
    const statement = fhirBody(await fhirGet(t, '/fhir/R4/metadata'));
    expect(statement).toMatchObject({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1', kind: 'instance', status: 'active' });
    const stated = new Set<string>(['GET /fhir/R4/metadata']);
    for (const resource of statement.rest[0].resource as { type: string; interaction: { code: string }[]; searchParam: { name: string }[] }[]) {
      for (const { code } of resource.interaction) stated.add(code === 'read' ? `GET /fhir/R4/${resource.type}/:id` : `GET /fhir/R4/${resource.type}`);
      const accepted = Object.keys(SEARCH_SCHEMAS[resource.type as keyof typeof SEARCH_SCHEMAS].shape).filter((name) => !['_count', '_page'].includes(name));
      expect(resource.searchParam.map((p) => p.name).sort(), resource.type).toEqual(accepted.sort());
    }
    // System operations (SMART Scheduling Links' $bulk-publish) and the files their answers name.
    expect(statement.rest[0].operation.map((o: { name: string }) => o.name)).toEqual(FHIR_OPERATIONS.map((o) => o.name));
    for (const operation of FHIR_OPERATIONS) {
      stated.add(`GET /fhir/R4/$${operation.name}`);
      for (const file of operation.files) stated.add(`GET /fhir/R4/$${operation.name}/${file}`);
    }
    const served = nestRoutes(t).filter((r) => r.url.startsWith('/fhir/')).map((r) => `${r.method} ${r.url}`);
    expect(served.sort()).toEqual([...stated].sort());
    expect(statement.rest[0].resource.map((r: { type: string }) => r.type)).toEqual(FHIR_RESOURCES.map((r) => r.type));
  });

  it('reads a verified doctor as a Practitioner: name, qualifications, languages, nothing private', async () => {
    const response = await fhirGet(t, `/fhir/R4/Practitioner/${verified.doctorId}`);
    const practitioner = fhirBody(response);
    expect(practitioner).toMatchObject({
      resourceType: 'Practitioner',
      id: verified.doctorId,
      active: true,
      name: [{ use: 'official', text: 'Dr Amina Okafor' }],
      qualification: [{ code: { text: 'MD' }, issuer: { display: 'University of Nairobi' }, period: { start: '2008' } }],
      communication: [{ coding: [{ system: 'urn:ietf:bcp:47', code: 'en' }] }, { coding: [{ system: 'urn:ietf:bcp:47', code: 'sw' }] }],
    });
    expect(response.body).not.toContain('KMPDC');
    expect(response.body).not.toContain(verified.email);
    expect(practitioner.telecom).toBeUndefined();
  });

  it('is 404, as a valid OperationOutcome, for an unverified doctor, an unknown id and a malformed one', async () => {
    for (const id of [pending.doctorId, '00000000-0000-4000-8000-000000000000', 'not-an-id']) {
      expectOutcome(await fhirGet(t, `/fhir/R4/Practitioner/${id}`), 404, 'NOT_FOUND');
      expectOutcome(await fhirGet(t, `/fhir/R4/PractitionerRole/${id}`), 404, 'NOT_FOUND');
    }
    // The doctor's own token changes nothing: the FHIR face publishes verified doctors only.
    expectOutcome(await fhirGet(t, `/fhir/R4/Practitioner/${pending.doctorId}`, pending.token), 404, 'NOT_FOUND');
  });

  it('reads the PractitionerRole: specialties as codes, locations contained, references that resolve', async () => {
    const role = fhirBody(await fhirGet(t, `/fhir/R4/PractitionerRole/${verified.doctorId}`));
    expect(role).toMatchObject({
      resourceType: 'PractitionerRole',
      id: verified.doctorId,
      practitioner: { reference: `Practitioner/${verified.doctorId}` },
      specialty: [{ coding: [{ system: 'urn:ihosi:fhir:specialty', code: 'cardiology' }] }],
      contained: [{ resourceType: 'Location', name: 'Heart Clinic', address: { city: 'Nairobi', country: 'KE' } }],
    });
    expect(role.location[0].reference).toBe(`#${role.contained[0].id}`);
    expect(await expectReferencesResolve(t, role)).toBe(2);
  });

  it('searches Practitioners a page at a time: _count, next links to the end, stable ids, never the unverified', async () => {
    const seen: string[] = [];
    let url: string | undefined = '/fhir/R4/Practitioner?name=okafor&_count=1';
    while (url) {
      const bundle = fhirBody(await fhirGet(t, url));
      expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
      expect(bundle.entry.length).toBeLessThanOrEqual(1);
      for (const entry of bundle.entry) {
        seen.push(entry.resource.id);
        expect(entry.fullUrl).toMatch(new RegExp(`/fhir/R4/Practitioner/${entry.resource.id}$`));
      }
      await expectReferencesResolve(t, bundle);
      const next = bundle.link.find((l: { relation: string }) => l.relation === 'next');
      url = next ? new URL(next.url).pathname + new URL(next.url).search : undefined;
      expect(seen.length).toBeLessThan(5);
    }
    expect(seen).toHaveLength(2);
    expect(seen).toContain(verified.doctorId);
    expect(seen).not.toContain(pending.doctorId);
  });

  it('searches PractitionerRoles by practitioner and by specialty', async () => {
    const byPractitioner = fhirBody(await fhirGet(t, `/fhir/R4/PractitionerRole?practitioner=Practitioner/${verified.doctorId}`));
    expect(byPractitioner.entry.map((e: { resource: { id: string } }) => e.resource.id)).toEqual([verified.doctorId]);
    const unverified = fhirBody(await fhirGet(t, `/fhir/R4/PractitionerRole?practitioner=${pending.doctorId}`));
    expect(unverified.entry).toEqual([]);
    const bySpecialty = fhirBody(await fhirGet(t, '/fhir/R4/PractitionerRole?specialty=urn:ihosi:fhir:specialty|cardiology&_count=100'));
    expect(bySpecialty.entry.map((e: { resource: { id: string } }) => e.resource.id)).toContain(verified.doctorId);
    const none = fhirBody(await fhirGet(t, '/fhir/R4/PractitionerRole?specialty=dermatology'));
    expect(none.entry).toEqual([]);
  });

  it('answers bad search input with 400 as an OperationOutcome naming the parameter', async () => {
    const response = await fhirGet(t, '/fhir/R4/Practitioner?_count=0');
    expectOutcome(response, 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(response.json())).toContain('_count');
    expectOutcome(await fhirGet(t, '/fhir/R4/Practitioner?unknown=1'), 400, 'VALIDATION_FAILED');
  });
});
