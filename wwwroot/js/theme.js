const key = 'soundlink-dashboard-theme';

export function prefersDark() {
  const stored = localStorage.getItem(key);
  if (stored === 'dark' || stored === 'light') {
    return stored === 'dark';
  }
  return window.matchMedia('(prefers-color-scheme: dark)').matches;
}

export function rememberDark(dark) {
  localStorage.setItem(key, dark ? 'dark' : 'light');
}
