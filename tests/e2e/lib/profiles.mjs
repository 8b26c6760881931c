// Profiles shared by the end-to-end tests and the benchmark (tools/bench.mjs),
// which fills the Register page with the values the popup derives from them.

// Gigya with three data centers: three redirect URIs on the legacy portal.
export const SHOP_GIGYA = {
  id: 'shop-gigya',
  name: 'Shop (Gigya US+EU+RU)',
  preset: 'gigya',
  params: { siteUrl: 'https://www.shop.example', dataCenters: ['us1.gigya.com', 'eu1.gigya.com', 'ru1.gigya.com'] },
  appName: 'Shop Social',
  description: 'Social login for the shop, US, EU and RU data centers',
  companyName: 'Shop Ltd',
  privacyPolicyUrl: 'https://www.shop.example/privacy',
  contactEmail: 'web@shop.example',
};
