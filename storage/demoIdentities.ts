/**
 * The demo's fixed identities, listed in the README so anyone can play each role from a local client.
 * Northwind Traders is the customer; its tenant and first user are those Microsoft's Teams emulator uses by default.
 */
export const DEMO = {
  northwind: {
    tenantId: '11111111-2222-3333-4444-555555555555',
    name: 'Northwind Traders',
    domain: 'northwind.example',
    users: {
      globalAdmin: { objectId: 'aaaaaaaa-0000-0000-0000-000000000001', name: 'Jane Doe', email: 'jane@northwind.example', roles: ['Global Administrator'] },
      billingAdmin: { objectId: 'aaaaaaaa-0000-0000-0000-000000000002', name: 'Bill Ramos', email: 'bill@northwind.example', roles: ['Billing Administrator'] },
      helpdeskAdmin: { objectId: 'aaaaaaaa-0000-0000-0000-000000000003', name: 'Hana Kim', email: 'hana@northwind.example', roles: ['Helpdesk Administrator'] },
      globalReader: { objectId: 'aaaaaaaa-0000-0000-0000-000000000004', name: 'Reza Patel', email: 'reza@northwind.example', roles: ['Global Reader'] },
      plainUser: { objectId: 'aaaaaaaa-0000-0000-0000-000000000005', name: 'Pat Lee', email: 'pat@northwind.example', roles: [] as string[] },
    },
  },
  tailspin: {
    tenantId: '22222222-3333-4444-5555-666666666666',
    name: 'Tailspin Toys',
    domain: 'tailspin.example',
    users: {
      globalAdmin: { objectId: 'bbbbbbbb-0000-0000-0000-000000000001', name: 'Tom Baker', email: 'tom@tailspin.example', roles: ['Global Administrator'] },
    },
  },
  partners: {
    contoso: { id: 'contoso', name: 'Contoso Cloud Solutions', tenantId: 'c0c0c0c0-0000-4000-8000-000000000001', staff: { objectId: 'c0c0c0c0-aaaa-0000-0000-000000000001', name: 'Carla Diaz' } },
    fabrikam: { id: 'fabrikam', name: 'Fabrikam IT Services', tenantId: 'fabfab00-0000-4000-8000-000000000002', staff: { objectId: 'fabfab00-aaaa-0000-0000-000000000001', name: 'Frank Moss' } },
    adatum: { id: 'adatum', name: 'Adatum Consulting', tenantId: 'adada000-0000-4000-8000-000000000003', staff: { objectId: 'adada000-aaaa-0000-0000-000000000001', name: 'Ada Quinn' } },
    litware: { id: 'litware', name: 'Litware Licensing', tenantId: '11a11a00-0000-4000-8000-000000000004', staff: { objectId: '11a11a00-aaaa-0000-0000-000000000001', name: 'Lars Berg' } },
    woodgrove: { id: 'woodgrove', name: 'Woodgrove Advisors', tenantId: '00d00d00-0000-4000-8000-000000000005', staff: { objectId: '00d00d00-aaaa-0000-0000-000000000001', name: 'Wendy Cho' } },
    proseware: { id: 'proseware', name: 'Proseware Security', tenantId: 'e0e0e0e0-0000-4000-8000-000000000006', staff: { objectId: 'e0e0e0e0-aaaa-0000-0000-000000000001', name: 'Priya Shah' } },
    relecloud: { id: 'relecloud', name: 'Relecloud Data', tenantId: 'ee1ec10d-0000-4000-8000-000000000007', staff: { objectId: 'ee1ec10d-aaaa-0000-0000-000000000001', name: 'Rob Evans' } },
  },
  invitations: {
    adatumDap: 'inv-adatum-dap',
    litwareReseller: 'inv-litware-reseller',
  },
} as const;
