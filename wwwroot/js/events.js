// Custom Blazor events (see Components/Pages/Dashboard/Map/CountryEvents.cs): the country shape under a click or key
// press inside the world map, so that the map needs one listener instead of one per country.
(() => {
  const codeOf = event => event.target instanceof Element ? event.target.closest('[data-code]')?.getAttribute('data-code') ?? null : null;
  Blazor.registerCustomEventType('countryclick', {
    browserEventName: 'click',
    createEventArgs: event => ({ code: codeOf(event), key: null }),
  });
  Blazor.registerCustomEventType('countrykey', {
    browserEventName: 'keydown',
    createEventArgs: event => {
      const code = codeOf(event);
      // Space on a shape (role=button) presses it; it must not scroll the page as well.
      if (code !== null && event.key === ' ') {
        event.preventDefault();
      }
      return { code, key: event.key };
    },
  });
})();
