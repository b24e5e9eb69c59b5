echo image build pending
