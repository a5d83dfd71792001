import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';
import { AppTitleStrategy } from './app-title.strategy';

describe('AppTitleStrategy', () => {
  it('isolates a page title carrying U+202E so the app name after it keeps its order', () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    const titles = TestBed.inject(AppTitleStrategy);
    titles.setPageTitle('DiskFull\u202Eeutsch-prod on storage in prod');
    TestBed.tick();
    expect(TestBed.inject(Title).getTitle()).toBe(
      '\u2068DiskFull\u202Eeutsch-prod on storage in prod\u2069 · HRO Command Center',
    );
  });
});
