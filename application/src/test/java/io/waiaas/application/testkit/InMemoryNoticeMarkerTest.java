package io.waiaas.application.testkit;

import io.waiaas.application.port.out.NoticeMarker;

class InMemoryNoticeMarkerTest implements NoticeMarkerContract {
    private InMemoryNoticeMarker marker;

    @Override
    public NoticeMarker newMarker() {
        marker = new InMemoryNoticeMarker();
        return marker;
    }

    @Override
    public NoticeMarker markerWithoutDataDir() {
        marker = InMemoryNoticeMarker.withoutDataDir();
        return marker;
    }

    @Override
    public boolean dataDirExists() {
        return marker.dataDirExists();
    }

    @Override
    public void writeMarker(String text) {
        marker.write(text);
    }

    @Override
    public void makeMarkerUnreadable() {
        marker.makeUnreadable();
    }
}
